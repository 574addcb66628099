"""Settings split by environment: base (shared), local, production and test.

Every value that differs between machines comes from an environment variable,
read through :mod:`config.settings.env`, with a safe local default.
"""
