package org.jooq;

/** Test stand-in for jOOQ's XML. */
public final class XML {
}
