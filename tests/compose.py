"""The compose file as the tests read it, with compose's own variable interpolation."""

import re

import yaml

from tests.conftest import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def interpolate(value: str, variables: dict) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error}."""

    def replace(match):
        name, op, arg = match.group(1), match.group(2), match.group(3)
        if variables.get(name):
            return variables[name]
        if op == ":?":
            raise AssertionError(f"compose requires {name}: {arg}")
        return arg or ""

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", replace, value)


def app_environment(**inputs) -> dict:
    """The app services' (x-app) environment as compose interpolates it for these inputs."""
    return {name: interpolate(str(value), inputs) for name, value in COMPOSE["x-app"]["environment"].items()}
