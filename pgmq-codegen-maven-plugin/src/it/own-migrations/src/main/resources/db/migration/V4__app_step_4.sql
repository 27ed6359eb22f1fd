create index orders_customer on orders (customer_id);
