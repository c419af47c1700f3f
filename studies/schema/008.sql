-- Schema 8: readers at workstations of their own (issue 16). On a project
-- server each reader signs in with a PostgreSQL role of their own, which sees
-- only its own sitting (studies/readeraccess.h); this is the role's name. A
-- project file leaves it empty.
ALTER TABLE reader ADD COLUMN login_role TEXT;
