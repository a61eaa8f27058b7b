package dev.wharf.operator.api.v1;

import dev.wharf.api.v1.OriginEndpointSpec;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A playback endpoint of a channel: one output format with its MediaPackage settings. */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@ShortNames("woe")
@AdditionalPrinterColumn(name = "Channel", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.channelName")
@AdditionalPrinterColumn(name = "Format", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.format")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Reason", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(name = "URL", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.url")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class OriginEndpoint extends CustomResource<OriginEndpointSpec, OriginEndpointStatus> implements Namespaced {
    @Override
    protected OriginEndpointSpec initSpec() {
        return new OriginEndpointSpec();
    }
}
