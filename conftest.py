"""Repository-wide pytest set-up; app fixtures live in src/wijkteam/conftest.py."""
