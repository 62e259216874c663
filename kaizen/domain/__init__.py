"""Pure rules and calculations of continuous improvement: no Qt, no SQL, no I/O."""
