-- motcua schema, version 3: the audit records of one object, found without a
-- scan. Papers (app/api_papers.c) read the reason and signer of a dossier's
-- latest refusal, stop or apology from its audit records; with millions of
-- records a backwards scan took seconds for an old dossier.

CREATE INDEX audit_object ON audit(object, action, seq);
