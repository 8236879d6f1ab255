"""Demo data for queueing (steps register with sanad.demo.registry.step)."""
