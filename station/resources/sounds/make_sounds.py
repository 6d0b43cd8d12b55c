"""Regenerate the feedback sounds: ``python station/resources/sounds/make_sounds.py``.

ok: a short rising two-tone chime. refused: a long low buzz, twice, that is
heard over a noisy floor. warning: two mid tones. alarm: a fast high-low siren,
three times, unlike any other. 16-bit mono, 22,050 Hz.
"""

import math
import struct
import wave
from pathlib import Path

RATE = 22050


def tone(freq, ms, *, square=False, volume=0.6):
    n = int(RATE * ms / 1000)
    fade = int(RATE * 0.005)
    out = []
    for i in range(n):
        s = math.sin(2 * math.pi * freq * i / RATE)
        if square:
            s = 0.8 if s >= 0 else -0.8
        env = min(1.0, i / fade, (n - i) / fade)
        out.append(int(32767 * volume * env * s))
    return out


def silence(ms):
    return [0] * int(RATE * ms / 1000)


SOUNDS = {
    "ok": tone(1046, 70) + tone(1568, 110),
    "refused": tone(196, 280, square=True) + silence(60) + tone(196, 280, square=True),
    "warning": tone(740, 140) + silence(70) + tone(740, 140),
    "alarm": (tone(1760, 120, square=True) + tone(880, 120, square=True)) * 3,
}

if __name__ == "__main__":
    here = Path(__file__).parent
    for name, samples in SOUNDS.items():
        with wave.open(str(here / f"{name}.wav"), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(struct.pack(f"<{len(samples)}h", *samples))
