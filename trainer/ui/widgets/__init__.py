"""Widgets of the trainer's screens."""
