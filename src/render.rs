//! Text rendering of a report for the terminal (tables and findings with source excerpts).
