"""Use cases per job: call the core's rules, write the database, queue prints."""
