package dev.dynsolo.model.net;

/** A convolution followed by a frozen BatchNorm, named as in the checkpoint; folded for inference. */
public record ConvBnPair(String conv, String batchNorm) {}
