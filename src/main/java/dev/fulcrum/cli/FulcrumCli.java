package dev.fulcrum.cli;
public final class FulcrumCli { public static void main(String[] a) {} }
