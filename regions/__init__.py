"""Reference data about the regions: the 21 regions (county code, name, organisationsnummer)
and population datasets, so that each grant names the figures its allocation used."""
