"""A team shares a caseload: each client's plan travels between the workers' laptops as a
git repository of its own on the team's server, every file age-encrypted to the workers
the client is shared with. The local store stays as it is; see docs/architecture.md,
"The team"."""
