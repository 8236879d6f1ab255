"""Demo data for analytics (steps register with sanad.demo.registry.step)."""
