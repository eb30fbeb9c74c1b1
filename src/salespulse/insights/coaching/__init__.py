"""Coaching built from the signals: the diagnosis of each gap, flags, wins, stretch
goals and peer-coaching pairs."""
