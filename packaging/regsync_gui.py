"""The desktop build's windowed program, regsync-gui(.exe): the window, no console."""

from regsync.desktop import run

run()
