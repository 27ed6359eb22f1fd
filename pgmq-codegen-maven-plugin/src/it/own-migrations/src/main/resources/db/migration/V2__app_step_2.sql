create table orders (id bigint primary key, customer_id bigint references customers);
