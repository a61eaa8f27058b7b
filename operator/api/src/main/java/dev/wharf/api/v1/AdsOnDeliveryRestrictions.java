package dev.wharf.api.v1;

/** Which time_signal ads count, by their delivery-restriction flags (MediaPackage {@code AdsOnDeliveryRestrictions}). */
public enum AdsOnDeliveryRestrictions { NONE, RESTRICTED, UNRESTRICTED, BOTH }
