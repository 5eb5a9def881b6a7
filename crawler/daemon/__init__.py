"""The always-on service: scheduler, one tick per due source, lock, health and status."""
