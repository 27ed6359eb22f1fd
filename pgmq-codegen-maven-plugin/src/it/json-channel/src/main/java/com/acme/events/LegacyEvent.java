package com.acme.events;

/** A class of the application, carried by a class: channel and bound by Jackson. */
public record LegacyEvent(String kind, int version) {
}
