"""Demo data for feedback (steps register with sanad.demo.registry.step)."""
