import java.security.MessageDigest;
import java.util.Random;

/**
 * The ceiling the upload's checksums put on its throughput on this machine: MD5 then SHA-256 over
 * the same 256 KB buffers, as FileStore.receive does, on one thread. Run: java HashSpeed.java [MB]
 */
public class HashSpeed {
    public static void main(String[] args) throws Exception {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        byte[] buffer = new byte[256 * 1024];
        new Random(1).nextBytes(buffer);
        int rounds = mb * 4;
        for (int pass = 0; pass < 2; pass++) { // the first pass warms the intrinsics up
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                md5.update(buffer);
                sha256.update(buffer);
            }
            md5.digest();
            sha256.digest();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (pass == 1) System.out.printf("%.0f%n", mb / seconds);
        }
    }
}
