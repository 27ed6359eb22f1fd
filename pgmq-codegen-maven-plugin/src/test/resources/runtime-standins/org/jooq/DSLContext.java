package org.jooq;

/** Test stand-in for jOOQ's DSLContext. */
public interface DSLContext {
}
