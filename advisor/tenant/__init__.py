"""What a tenant already has, checked: `audit` (findings), `diff` (against a plan), `route` (which connector
handles a message). Pure functions over the Tenant model; no I/O."""
