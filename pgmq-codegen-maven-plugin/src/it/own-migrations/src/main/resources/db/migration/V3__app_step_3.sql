alter table orders add column total numeric;
