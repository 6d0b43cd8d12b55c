"""Simulated devices for demo mode and tests: real sockets and serial ports, fake hardware."""
