"""The trainer served to browsers: one trainer process per tab, under its candidate's profile."""
