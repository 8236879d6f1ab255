"""Demo data for integrations (steps register with sanad.demo.registry.step)."""
