"""A terminal trainer for immigration and border officer exams and interviews."""

__version__ = "0.1.0"
