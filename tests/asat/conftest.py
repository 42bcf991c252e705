from tests.demo.conftest import demo, demo_db  # noqa: F401  (the demo loaded once per module)
