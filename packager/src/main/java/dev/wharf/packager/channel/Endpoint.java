package dev.wharf.packager.channel;

import dev.wharf.api.v1.CmafPackageSpec;
import dev.wharf.api.v1.DashPackageSpec;
import dev.wharf.api.v1.HlsPackageSpec;
import dev.wharf.api.v1.MssPackageSpec;
import dev.wharf.api.v1.OriginEndpointSpec;
import dev.wharf.packager.delivery.Cidr;
import dev.wharf.packager.store.ChannelKey;
import java.net.InetAddress;
import java.util.List;

/** An origin endpoint at run time. */
public record Endpoint(ChannelKey channel, String name, OriginEndpointSpec spec, HlsPackageSpec hls, List<Cidr> whitelist) {

    /** The CMAF package settings, or null when the endpoint is not a CMAF endpoint. */
    public CmafPackageSpec cmaf() {
        return spec.cmafPackage;
    }

    /** The DASH package settings, or null when the endpoint is not a DASH endpoint. */
    public DashPackageSpec dash() {
        return spec.dashPackage;
    }

    /** The Smooth Streaming package settings, or null when the endpoint is not an MSS endpoint. */
    public MssPackageSpec mss() {
        return spec.mssPackage;
    }

    /** True when the endpoint's whitelist lets this client play (an empty whitelist allows everyone). */
    public boolean allows(InetAddress client) {
        if (whitelist.isEmpty()) {
            return true;
        }
        for (Cidr c : whitelist) {
            if (c.contains(client)) {
                return true;
            }
        }
        return false;
    }
}
