-- The cards issued, the feedback on them, and the JWT ids seen (the SQLite schema, in PostgreSQL types).
CREATE TABLE issued_card (
    uuid TEXT PRIMARY KEY, service TEXT NOT NULL, interaction TEXT NOT NULL, severity TEXT NOT NULL,
    hook_instance TEXT, issued_at DOUBLE PRECISION NOT NULL
);
CREATE INDEX issued_card_issued_at ON issued_card (issued_at);
CREATE TABLE feedback (
    service TEXT NOT NULL, card TEXT NOT NULL, outcome TEXT NOT NULL, outcome_timestamp TEXT NOT NULL,
    reason_system TEXT, reason_code TEXT, reason_display TEXT, user_comment TEXT, accepted TEXT,
    received_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (service, card, outcome, outcome_timestamp)
);
CREATE INDEX feedback_received_at ON feedback (received_at);
CREATE TABLE seen_token (
    issuer TEXT NOT NULL, jti TEXT NOT NULL, expires DOUBLE PRECISION NOT NULL, PRIMARY KEY (issuer, jti)
);
CREATE INDEX seen_token_expires ON seen_token (expires);
