/**
 * Typed message channels on PostgreSQL: {@link io.pgmq.TextChannel}, {@link io.pgmq.XmlChannel},
 * {@link io.pgmq.ByteaChannel} and {@link io.pgmq.JsonChannel} (your message types as jsonb, through a
 * {@link io.pgmq.JsonCodec}) send and receive in the caller's transaction; a {@link io.pgmq.Consumer} is the
 * worker that claims, handles and acks. {@code io.pgmq.micrometer} binds their numbers to Micrometer; the
 * {@code io.pgmq.internal} packages are the runtime's own and may change in any release.
 *
 * <h2>Transactions</h2>
 * Every channel operation takes the caller's {@link org.jooq.DSLContext} and runs in whatever transaction it has
 * open: a message sent in a transaction that rolls back was never sent, and becomes visible to receivers only when it
 * commits; a receive, claim or ack that rolls back is undone. pgmq never commits. Callers with a plain JDBC connection
 * use {@link io.pgmq.Pgmq#using(java.sql.Connection)} or the {@code Connection} overloads.
 *
 * <h2>Delivery</h2>
 * <ul>
 *   <li>At-most-once: {@link io.pgmq.Channel#receive} marks messages delivered as it returns them; if the caller's
 *       transaction commits and the caller then fails, the messages are gone.</li>
 *   <li>At-least-once: {@link io.pgmq.Channel#claim} leases messages; {@link io.pgmq.Channel#ack} completes them;
 *       {@link io.pgmq.Channel#nack} retries them after a backoff; a lease that expires makes them claimable again
 *       with {@link io.pgmq.Delivery#attempt()} raised; after the channel's {@code max_attempts} they become
 *       {@linkplain io.pgmq.Channel#deadLetters dead letters} until {@link io.pgmq.Channel#redrive}.</li>
 *   <li>At-least-once in the caller's transaction: {@link io.pgmq.Channel#claimLocked} holds messages by a row lock
 *       until the transaction ends, writing nothing; {@link io.pgmq.Channel#complete} removes them when it commits,
 *       {@link io.pgmq.Channel#fail} retries them after a backoff (dead letters as above), a rollback gives them back
 *       as they were. For short work in the same database: the work and the completion commit together, so a
 *       message's effects happen once, at about the cost of a raw {@code SELECT ... FOR UPDATE SKIP LOCKED} and
 *       {@code DELETE}, where a lease writes every message and commits twice. The transaction stays open while the
 *       work runs (holding back vacuum), and a crash is not counted as an attempt, so a message that kills its
 *       consumer comes back for ever: use leases for work that can crash the process or runs long. To fail a message
 *       after its work wrote, roll back to a savepoint taken before the work, then fail it. When lease claims are
 *       mixed in, a message whose last lease expired is skipped by locked claims, and the next lease claim moves it
 *       to the dead letters.</li>
 * </ul>
 *
 * <h2>Ordering</h2>
 * Receivers get ready messages oldest first by {@code msg_id}. That is send order only approximately: ids are taken
 * when a message is inserted, so a transaction that sends early but commits late makes its message visible after
 * newer ones; concurrent receivers skip messages other receivers hold (they never wait, and never get the same
 * message); a retried or redriven message keeps its id and so jumps ahead of newer ones once it is visible again.
 *
 * <h2>Errors</h2>
 * Null payloads and bad arguments throw {@link java.lang.NullPointerException} or
 * {@link java.lang.IllegalArgumentException} before any SQL runs. Database errors become
 * {@link io.pgmq.PgmqException}s that name the channel and the operation and keep the SQLSTATE:
 * {@link io.pgmq.UnknownChannelException}, {@link io.pgmq.PayloadTypeMismatchException},
 * {@link io.pgmq.InvalidPayloadException}, {@link io.pgmq.LeaseLostException}. A database error aborts the caller's
 * transaction, as any failed statement does. A received message whose payload its codec cannot decode (a json
 * channel's) is not returned: it becomes a dead letter at once, in the same transaction, its last error naming the
 * channel, the message and the decoding error.
 */
package io.pgmq;
