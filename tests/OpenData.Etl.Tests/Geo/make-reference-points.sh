#!/usr/bin/env bash
# Regenerates reference-points.csv with PROJ's cs2cs (Debian proj-bin 9.1.1). Not run by the tests:
# the CSV is committed so that the tests need no PROJ at run time.
#
# For 3006, 3008 and 3021, places spread over the CRS's area of use (WGS 84 latitude longitude) are first
# projected into the CRS and rounded to the millimetre; those rounded coordinates are the "source"
# points, and PROJ's transformation of them back to EPSG:4326 is the reference the engine must match.
#
# cs2cs with EPSG codes uses the authority's axis order: northing first for 3006, 3008 and 3021 and
# latitude first for 4326, so the input is fed as "N E" and the output read as "lat lon".
# EPSG:3021 -> 4326 goes through EPSG:1895 (TOWGS84[414.1,41.3,603.1,-0.855,2.141,-7.023,0]);
# check with: projinfo -s EPSG:3021 -t EPSG:4326 -o PROJ
set -euo pipefail
cd "$(dirname "$0")"

# name lat lon (degrees, WGS 84)
everywhere='Smygehuk 55.3370 13.3590
Malmo 55.6050 13.0038
Goteborg 57.7089 11.9746
Stromstad 58.9395 11.1712
Jonkoping 57.7826 14.1618
Visby 57.6348 18.2948
Kalmar 56.6634 16.3568
Stockholm 59.3293 18.0686
Karlstad 59.4022 13.5115
Sarna 61.6985 13.1358
Ostersund 63.1792 14.6357
Sundsvall 62.3908 17.3069
Umea 63.8258 20.2630
Lulea 65.5848 22.1567
Haparanda 65.8355 24.1368
Kiruna 67.8558 20.2253
Treriksroset 69.0599 20.5487
Riksgransen 68.4260 18.1280'
zone1330='Smygehuk 55.3370 13.3590
Malmo 55.6050 13.0038
Helsingborg 56.0465 12.6945
Halmstad 56.6745 12.8578
Ljungby 56.8333 13.9333
Varberg 57.1057 12.2508
Jonkoping 57.7826 14.1618
Karlstad 59.4022 13.5115
Torsby 60.1360 13.0010
Sarna 61.6985 13.1358
Idre 61.8600 12.7200
Sveg 62.0346 14.3580'

echo "epsg,place,easting,northing,longitude,latitude" > reference-points.csv
emit() { # epsg places
  local epsg=$1 places=$2
  while read -r name lat lon; do
    # WGS 84 -> CRS, rounded to mm: output "N E"
    read -r n e _ < <(echo "$lat $lon" | cs2cs -f %.3f EPSG:4326 EPSG:$epsg)
    # CRS -> WGS 84 (the reference): input "N E", output "lat lon"
    read -r rlat rlon _ < <(echo "$n $e" | cs2cs -f %.9f EPSG:$epsg EPSG:4326)
    echo "$epsg,$name,$e,$n,$rlon,$rlat" >> reference-points.csv
  done <<< "$places"
}
emit 3006 "$everywhere"
emit 3008 "$zone1330"
emit 3021 "$everywhere"
# One place in each of the other local zones (inside its area of use), to check every zone's parameters.
emit 3007 'Strömstad 58.9395 11.1712'
emit 3009 'Oskarshamn 57.2646 16.4484'
emit 3010 'Västervik 57.7584 16.6373'
emit 3011 'Stockholm 59.3293 18.0686'
emit 3012 'Örebro 59.2753 15.2134'
emit 3013 'Sveg 62.0346 14.3580'
emit 3014 'Sundsvall 62.3908 17.3069'
emit 3015 'Örnsköldsvik 63.2909 18.7153'
emit 3016 'Umeå 63.8258 20.2630'
emit 3017 'Luleå 65.5848 22.1567'
emit 3018 'Haparanda 65.8355 24.1368'
