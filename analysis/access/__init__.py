"""Access stage: mode (internal or public), roles and the server-side permission check, the
page list per mode and role, the public deployment's settings.
"""
