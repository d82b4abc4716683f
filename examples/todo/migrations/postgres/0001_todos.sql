CREATE TABLE todos (
    id BIGSERIAL PRIMARY KEY,
    owner TEXT NOT NULL,
    content TEXT NOT NULL,
    done BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX todos_owner ON todos (owner, id);
