-- An account is linked to at most one person of the network, and a person
-- to at most one account: the check in accounts names the other account,
-- this index holds the rule when two admins link at the same moment.
CREATE UNIQUE INDEX users_person ON users (person_id) WHERE person_id IS NOT NULL;

-- A new account is linked to the person who has its address, compared in
-- lower case: their own address or the work address of a current
-- affiliation.
CREATE INDEX people_email_lower ON people (LOWER(email));
CREATE INDEX affiliations_work_email_lower ON affiliations (LOWER(work_email)) WHERE ended IS NULL AND work_email <> '';
