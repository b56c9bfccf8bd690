"""The Tk shell over the use cases: built in the Tk-shell issue."""
