package dev.baton.model;

public enum Severity { INFO, WARNING, ERROR }
