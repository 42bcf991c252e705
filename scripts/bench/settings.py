"""The production settings, with a URL conf that adds the two yardsticks the benchmark compares against."""

from secreleases.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
