-- Deliberately invalid: proves a failing migration is reported and its database dropped.
CREATE TABLE broken (;
