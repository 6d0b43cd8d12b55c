"""Head-office sync: outbox uploader, master-data downloader, export."""
