"""Planera: kansliet sets up and edits a year's plan without the admin site."""
