/** Implementation of {@link io.parti.vertx.statics}; not an API. */
package io.parti.vertx.statics.impl;
