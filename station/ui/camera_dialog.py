"""A photo from a camera attached to the bench (a webcam over the inspection table).

Shown only where the system lists a camera; the picture is saved as a JPEG in
the given folder and handed on as a file, like a photo chosen from disk.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout


def cameras() -> list:
    """The cameras the system lists (QCameraDevice); empty where there are none or
    the multimedia backend is missing."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return []
    return list(QMediaDevices.videoInputs())


class CameraDialog(QDialog):
    captured = Signal(Path)

    def __init__(self, device, folder: Path, parent=None):
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession
        from PySide6.QtMultimediaWidgets import QVideoWidget

        super().__init__(parent)
        self.folder = folder
        self.setWindowTitle(self.tr("Camera"))
        layout = QVBoxLayout(self)
        self.viewfinder = QVideoWidget()
        self.viewfinder.setMinimumSize(480, 360)
        layout.addWidget(self.viewfinder, 1)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.take_button = QPushButton(self.tr("Take photo"))
        cancel = QPushButton(self.tr("Cancel"))
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(self.take_button)
        layout.addLayout(row)
        self.camera = QCamera(device)
        self.capture = QImageCapture()
        self.session = QMediaCaptureSession()
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        self.session.setVideoOutput(self.viewfinder)
        self.capture.imageCaptured.connect(lambda _id, image: self.save(image))
        self.capture.errorOccurred.connect(lambda _id, _err, text: self.error.setText(text))
        self.camera.errorOccurred.connect(lambda _err, text: self.error.setText(text))
        self.take_button.clicked.connect(self.capture.capture)
        cancel.clicked.connect(self.reject)
        self.finished.connect(lambda _: self.camera.stop())
        self.camera.start()

    def save(self, image: QImage) -> Path | None:
        """Write the picture and hand it on; a clear message when it cannot be written."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"camera-{datetime.now():%Y%m%d-%H%M%S-%f}.jpg"
        if image.isNull() or not image.save(str(path), "JPG", 90):
            self.error.setText(
                self.tr("The photo could not be saved in {folder}").format(folder=self.folder)
            )
            return None
        self.captured.emit(path)
        self.accept()
        return path
