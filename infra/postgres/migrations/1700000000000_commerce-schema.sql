-- Up Migration
-- The normalized write model of the reference commerce domain. Aggregate roots carry a `version` for
-- optimistic concurrency. Child tables use REPLICA IDENTITY FULL so that an update or delete event carries the
-- old parent key (a re-parented or deleted child dirties both parents).

CREATE TABLE customers (
  id          uuid PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email       text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
  city        text CHECK (length(city) <= 200),
  tier        text NOT NULL DEFAULT 'standard' CHECK (tier IN ('standard', 'gold', 'platinum')),
  version     integer NOT NULL DEFAULT 1 CHECK (version > 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customers_email_unique ON customers (lower(email));

CREATE TABLE products (
  id           uuid PRIMARY KEY,
  sku          text NOT NULL UNIQUE CHECK (length(sku) BETWEEN 1 AND 64),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  category     text NOT NULL CHECK (length(category) BETWEEN 1 AND 100),
  price_cents  bigint NOT NULL CHECK (price_cents > 0),
  stock        integer NOT NULL CHECK (stock >= 0),
  version      integer NOT NULL DEFAULT 1 CHECK (version > 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id             uuid PRIMARY KEY,
  customer_id    uuid NOT NULL REFERENCES customers (id),
  status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled')),
  total_cents    bigint NOT NULL CHECK (total_cents >= 0),
  note           text,
  cancel_reason  text,
  placed_at      timestamptz NOT NULL DEFAULT now(),
  paid_at        timestamptz,
  shipped_at     timestamptz,
  cancelled_at   timestamptz,
  version        integer NOT NULL DEFAULT 1 CHECK (version > 0),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE INDEX orders_placed_at_idx ON orders (placed_at);
ALTER TABLE orders REPLICA IDENTITY FULL;

CREATE TABLE order_lines (
  order_id          uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  product_id        uuid NOT NULL REFERENCES products (id),
  quantity          integer NOT NULL CHECK (quantity > 0),
  unit_price_cents  bigint NOT NULL CHECK (unit_price_cents > 0),
  PRIMARY KEY (order_id, product_id)
);
CREATE INDEX order_lines_product_id_idx ON order_lines (product_id);
ALTER TABLE order_lines REPLICA IDENTITY FULL;

CREATE TABLE payments (
  id            uuid PRIMARY KEY,
  order_id      uuid NOT NULL UNIQUE REFERENCES orders (id) ON DELETE CASCADE,
  amount_cents  bigint NOT NULL CHECK (amount_cents > 0),
  method        text NOT NULL CHECK (length(method) BETWEEN 1 AND 50),
  paid_at       timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE payments REPLICA IDENTITY FULL;

CREATE TABLE shipments (
  id               uuid PRIMARY KEY,
  order_id         uuid NOT NULL UNIQUE REFERENCES orders (id) ON DELETE CASCADE,
  carrier          text NOT NULL CHECK (length(carrier) BETWEEN 1 AND 100),
  tracking_number  text NOT NULL CHECK (length(tracking_number) BETWEEN 1 AND 100),
  shipped_at       timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE shipments REPLICA IDENTITY FULL;

-- Not captured: replayed command responses for Idempotency-Key.
CREATE TABLE idempotency_keys (
  key            text NOT NULL,
  api_key_hash   text NOT NULL,
  command        text NOT NULL,
  request_hash   text NOT NULL,
  status_code    integer NOT NULL,
  response       jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (api_key_hash, key)
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);

-- Written by Debezium's heartbeat.action.query so that the replication slot advances even when the captured
-- tables are idle.
CREATE TABLE sluice_heartbeat (
  id       integer PRIMARY KEY,
  beat_at  timestamptz NOT NULL
);
INSERT INTO sluice_heartbeat VALUES (1, now());

-- Down Migration
DROP TABLE sluice_heartbeat;
DROP TABLE idempotency_keys;
DROP TABLE shipments;
DROP TABLE payments;
DROP TABLE order_lines;
DROP TABLE orders;
DROP TABLE products;
DROP TABLE customers;
