"""The document model, value parsing, calculation and rules. No Qt, no file I/O."""
