"""Demo data for audit (steps register with sanad.demo.registry.step)."""
