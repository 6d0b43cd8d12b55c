"""Product pictures: the reference head office gives (a URL or a path under its
media); the picture itself is kept in the data directory's cache, not here."""

STATEMENTS = [
    'ALTER TABLE "product" ADD COLUMN "image" TEXT',
]
