// ReliefFiles: the files Relief writes, written one way.
//
// `AtomicFileWriter` (no name until whole, fsync, 0600), `OwnerOnlyFiles` (whole files and
// 0700 folders), `CSVWriter` (the one CSV writer, streaming), `SafeName` (file names from ids
// that came from outside). Every report, export, rejects file and sample file goes through here.
