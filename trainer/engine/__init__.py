"""Pure session logic: scoring, practice, mock exams, drills, review; built by its own issue."""
